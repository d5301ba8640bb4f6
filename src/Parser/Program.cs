using Folio.Parser;

// Folio's parser worker: started and fed by Folio.Extraction's ParserPool, it parses one document at a
// time from stdin and answers on stdout until stdin closes. A crash here costs the pool one document.
var input = Console.OpenStandardInput();
var output = Console.OpenStandardOutput();
// Anything a library prints goes to stderr, never into the replies.
Console.SetOut(Console.Error);
return await ParserHost.RunAsync(input, output, TestFaults.Enabled);
