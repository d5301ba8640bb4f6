using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;
using static Folio.Api.Tests.ApiClient;

namespace Folio.Api.Tests.Features.Review;

/// <summary>
/// The review page in headless Chromium against Folio on a loopback socket: upload, the drawn pages, search,
/// ask and extraction, with each highlight checked against the words it should cover; the page never reaches
/// outside Folio's origin, and API errors read as messages. Screenshots go to <c>docs/screenshots</c>.
/// </summary>
public sealed class ReviewPageTests(ReviewPageTests.Host host) : IClassFixture<ReviewPageTests.Host>
{
    private const string Schema = """
        {"type":"object","properties":{
          "invoice_number":{"type":["string","null"],"description":"The invoice number as printed."},
          "issue_date":{"type":["string","null"],"format":"date","description":"Invoice date, YYYY-MM-DD."},
          "total":{"type":["number","null"],"description":"Amount due, including tax."},
          "purchase_order":{"type":["string","null"],"description":"The buyer's purchase order reference."}}}
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [ChromiumFact]
    public async Task Upload_search_ask_and_extract_highlight_evidence_over_its_words()
    {
        var (page, outside, problems) = await host.OpenAsync();
        await using var _ = page;

        // The collection, then the PDF dropped on the drop zone as a user would.
        await ShowCollectionAsync(page, "review");
        await page.EvaluateFunctionAsync("""
            (base64, name) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const transfer = new DataTransfer();
              transfer.items.add(new File([bytes], name, { type: "application/pdf" }));
              document.querySelector("#drop-zone").dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """, Convert.ToBase64String(ReviewPdf.Invoice()), "invoice.pdf");
        await ClickWhenPresentAsync(page, "#documents li.status-ready button.open:not([disabled])", 120_000);
        var documentId = await page.EvaluateExpressionAsync<string>("document.querySelector('#documents li.status-ready').dataset.id");
        await page.WaitForSelectorAsync("figure.page[data-page='1'] svg[data-words-loaded]");

        // The document view: three pages, words drawn from Folio's boxes, blocks outlined by kind.
        Assert.Equal(3, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('figure.page').length"));
        Assert.Contains("Supply Agreement Review", await page.EvaluateExpressionAsync<string>("[...document.querySelectorAll(\"figure.page[data-page='1'] g.word\")].map(g => g.textContent).join(' ')"), StringComparison.Ordinal);
        foreach (var kind in new[] { "title", "pageHeader", "pageFooter" })
        {
            Assert.True(await page.EvaluateExpressionAsync<int>($"document.querySelectorAll('rect.block-{kind}').length") > 0, $"no {kind} outlined");
        }

        await Screenshot(page, "document-view.png");

        // Search: choosing a result highlights its box on its page.
        await page.TypeAsync("#search-query", "invoice number");
        await page.ClickAsync("#search-form button[type=submit]");
        var result = await page.WaitForSelectorAsync("#search-results button.evidence");
        await result.ClickAsync();
        await page.WaitForSelectorAsync("rect.highlight");
        Assert.Equal(1, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('rect.highlight').length"));
        await Screenshot(page, "search.png");

        // Ask: an answer with citations that highlight in turn.
        await page.ClickAsync("button.tab[data-tab=ask]");
        await page.TypeAsync("#ask-question", "What is the amount due?");
        await page.ClickAsync("#ask-form button[type=submit]");
        var citation = await page.WaitForSelectorAsync("#citations button.evidence");
        Assert.False(string.IsNullOrWhiteSpace(await page.EvaluateExpressionAsync<string>("document.querySelector('#answer-text').textContent")));
        await citation.ClickAsync();
        await page.WaitForSelectorAsync("rect.highlight");

        // Extract: the result as a form; choosing a field highlights its evidence over the words of its quote.
        await page.ClickAsync("button.tab[data-tab=extract]");
        await page.EvaluateFunctionAsync("schema => { document.querySelector('#schema').value = schema; }", Schema);
        var extractionResponse = page.WaitForResponseAsync(
            r => r.Url == host.Origin + "/v1/extractions" && r.Request.Method == HttpMethod.Post,
            new WaitForOptions { Timeout = (int)Wait.TotalMilliseconds });
        await page.ClickAsync("#extract-form button[type=submit]");
        await page.WaitForSelectorAsync("#fields .field[data-pointer='/invoice_number']");
        var received = JsonDocument.Parse(await (await extractionResponse).TextAsync()).RootElement;
        var expected = await ExtractAsync(documentId);
        var evidence = expected.GetProperty("fields").GetProperty("/invoice_number").GetProperty("evidence")[0];
        Assert.Equal(ReviewPdf.InvoiceNumber, await page.EvaluateExpressionAsync<string>("document.querySelector(\"#fields .field[data-pointer='/invoice_number'] input\").value"));
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector(\"#fields .field[data-pointer='/invoice_number']\").classList.contains('is-grounded')"));
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector(\"#fields .field[data-pointer='/purchase_order']\").classList.contains('is-ungrounded')"));
        Assert.NotEqual(
            await page.EvaluateExpressionAsync<string>("getComputedStyle(document.querySelector(\"#fields .field[data-pointer='/invoice_number']\")).borderTopColor"),
            await page.EvaluateExpressionAsync<string>("getComputedStyle(document.querySelector(\"#fields .field[data-pointer='/purchase_order']\")).borderTopColor"));

        await page.ClickAsync("#fields .field[data-pointer='/invoice_number'] button.show-evidence");
        var pageNumber = evidence.GetProperty("page").GetInt32();
        Assert.Equal(2, pageNumber);
        await page.WaitForSelectorAsync($"figure.page[data-page='{pageNumber}'] rect.highlight");
        var geometry = await page.EvaluateFunctionAsync<JsonElement>("""
            (page, start, end) => {
              const figure = document.querySelector(`figure.page[data-page="${page}"]`);
              const box = (r) => [r.left, r.top, r.right, r.bottom];
              const words = [...figure.querySelectorAll("g.word")].filter(g => +g.dataset.start < end && +g.dataset.end > start);
              return {
                highlight: box(figure.querySelector("rect.highlight").getBoundingClientRect()),
                highlights: document.querySelectorAll("rect.highlight").length,
                words: words.map(g => box(g.querySelector("rect.word-box").getBoundingClientRect())),
                text: words.map(g => g.textContent).join(" "),
              };
            }
            """, pageNumber, evidence.GetProperty("start").GetInt32(), evidence.GetProperty("end").GetInt32());
        Assert.Equal(1, geometry.GetProperty("highlights").GetInt32());
        Assert.Contains(ReviewPdf.InvoiceNumber, geometry.GetProperty("text").GetString(), StringComparison.Ordinal);
        var highlight = Rect(geometry.GetProperty("highlight"));
        var words = geometry.GetProperty("words").EnumerateArray().Select(Rect).ToList();
        Assert.NotEmpty(words);
        const double Tolerance = 1.5;
        Assert.All(words, w => Assert.True(Inside(w, highlight, Tolerance), $"word {Show(w)} is not under the highlight {Show(highlight)}"));
        var union = words.Aggregate((a, b) => (Math.Min(a.L, b.L), Math.Min(a.T, b.T), Math.Max(a.R, b.R), Math.Max(a.B, b.B)));
        Assert.True(Inside(highlight, union, Tolerance), $"the highlight {Show(highlight)} spills beyond its words {Show(union)}");
        Assert.True(highlight.R - highlight.L > 10, "the highlight has no width");
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.querySelector('#viewer').scrollTop > 0"), "the view did not scroll to page 2");
        await Screenshot(page, "extraction.png");

        // Download: the file is exactly the extraction the page received, named after the document.
        var download = await DownloadAsync(page, "#download");
        Assert.Equal("invoice.pdf.extraction.json", download.GetProperty("name").GetString());
        Assert.Equal("application/json", download.GetProperty("type").GetString());
        var downloaded = JsonDocument.Parse(download.GetProperty("text").GetString()!).RootElement;
        Assert.True(JsonElement.DeepEquals(received, downloaded), $"the download differs from the extraction:\n{downloaded}\n{received}");

        Assert.Empty(outside);
        Assert.Empty(problems);
    }

    [ChromiumFact]
    public async Task Api_errors_read_as_messages()
    {
        var (page, outside, problems) = await host.OpenAsync();
        await using var _ = page;
        var id = await host.UploadAsync("errors", ReviewPdf.Invoice(), "errors.pdf");

        // A collection with no documents: asking it is a 404 shown with its title, detail and code.
        await ShowCollectionAsync(page, "nothing-here");
        await page.ClickAsync("button.tab[data-tab=ask]");
        await page.TypeAsync("#ask-question", "Anything?");
        await page.ClickAsync("#ask-form button[type=submit]");
        await ExpectErrorAsync(page, "not_found", "Collection 'nothing-here' was not found.");

        // An unsupported schema: 400 invalid_schema, with the offending pointer listed.
        await ShowCollectionAsync(page, "errors");
        await ClickWhenPresentAsync(page, $"#documents li[data-id='{id}'] button.open:not([disabled])");
        await page.WaitForSelectorAsync("figure.page");
        await page.ClickAsync("button.tab[data-tab=extract]");
        await page.EvaluateFunctionAsync("schema => { document.querySelector('#schema').value = schema; }", """{"type":"array","items":{"type":"string"}}""");
        await page.ClickAsync("#extract-form button[type=submit]");
        await ExpectErrorAsync(page, "invalid_schema", "The schema is not supported");
        Assert.Contains("/type", await page.EvaluateExpressionAsync<string>("document.querySelector('#error-fields').textContent"), StringComparison.Ordinal);

        // Not JSON at all: said before anything is sent.
        await page.EvaluateFunctionAsync("schema => { document.querySelector('#schema').value = schema; }", "{ not json");
        await page.ClickAsync("#extract-form button[type=submit]");
        await ExpectErrorAsync(page, null, "The schema is not valid JSON");

        // A bad collection name: the validation error names the field.
        await ShowCollectionAsync(page, "Bad Name!");
        await ExpectErrorAsync(page, "validation_failed", null);
        Assert.Contains("collection", await page.EvaluateExpressionAsync<string>("document.querySelector('#error-fields').textContent"), StringComparison.Ordinal);

        Assert.Empty(outside);
        // The browser logs each 4xx answer as "Failed to load resource"; anything else is a fault of the page.
        Assert.DoesNotContain(problems, p => !p.Contains("Failed to load resource", StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task Text_documents_show_their_blocks_in_order_with_the_quote_marked()
    {
        var (page, outside, problems) = await host.OpenAsync();
        await using var _ = page;
        var id = await host.UploadAsync("notes", Encoding.UTF8.GetBytes("# Farm notes\n\nThe north farm keeps twelve pigs.\n\n- seven cows in the south\n- goats nowhere"), "notes.md");

        await ShowCollectionAsync(page, "notes");
        await ClickWhenPresentAsync(page, $"#documents li[data-id='{id}'] button.open:not([disabled])");
        await page.WaitForSelectorAsync("li.text-block");
        var kinds = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('li.text-block')].map(b => b.className.split(' ')[1])");
        Assert.Equal(["block-heading", "block-paragraph", "block-listItem", "block-listItem"], kinds);

        await page.TypeAsync("#search-query", "twelve pigs");
        await page.ClickAsync("#search-form button[type=submit]");
        await (await page.WaitForSelectorAsync("#search-results button.evidence")).ClickAsync();
        var marked = await page.WaitForSelectorAsync("li.text-block.current mark.quote");
        Assert.Contains("twelve pigs", await marked.EvaluateFunctionAsync<string>("m => m.textContent"), StringComparison.Ordinal);

        // Delete, confirmed in the browser's dialog: the row goes, and so does the document.
        page.Dialog += async (_, e) => await e.Dialog.Accept();
        await page.ClickAsync($"#documents li[data-id='{id}'] button.delete");
        await page.WaitForSelectorAsync($"#documents li[data-id='{id}']", new WaitForSelectorOptions { Hidden = true });
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(host.Client, HttpMethod.Get, $"/v1/documents/{id}")).Status);
        Assert.Empty(outside);
        Assert.Empty(problems);
    }

    [ChromiumFact]
    public async Task The_api_key_rides_along_as_a_bearer_token_for_this_session_only()
    {
        var (page, outside, problems) = await host.OpenAsync();
        await using var _ = page;
        var authorizations = new ConcurrentBag<string>();
        page.Request += (_, e) =>
        {
            if (e.Request.Url.Contains("/v1/documents", StringComparison.Ordinal))
            {
                authorizations.Add(e.Request.Headers.TryGetValue("Authorization", out var value) ? value : "(none)");
            }
        };

        await page.TypeAsync("#api-key", "fk_test_key");
        await page.ClickAsync("#key-form button[type=submit]");
        await page.WaitForFunctionAsync("() => document.querySelector('#status').textContent.includes('API key is set')");
        await page.WaitForNetworkIdleAsync(new WaitForNetworkIdleOptions { Timeout = (int)Wait.TotalMilliseconds });

        Assert.Contains("Bearer fk_test_key", authorizations);
        Assert.Equal("fk_test_key", await page.EvaluateExpressionAsync<string>("sessionStorage.getItem('folio.apiKey')"));
        Assert.Null(await page.EvaluateExpressionAsync<string?>("localStorage.getItem('folio.apiKey')"));
        await page.ReloadAsync((int)Wait.TotalMilliseconds, [WaitUntilNavigation.Networkidle0]);
        await page.WaitForSelectorAsync("body[data-ready]");
        Assert.Equal("fk_test_key", await page.EvaluateExpressionAsync<string>("document.querySelector('#api-key').value"));

        await page.ClickAsync("#key-clear");
        Assert.Null(await page.EvaluateExpressionAsync<string?>("sessionStorage.getItem('folio.apiKey')"));
        Assert.Empty(outside);
        Assert.Empty(problems);
    }

    [ChromiumFact]
    public async Task Every_control_is_labelled_and_reachable_by_keyboard()
    {
        var (page, _, problems) = await host.OpenAsync();
        await using var _ = page;

        var unlabelled = await page.EvaluateExpressionAsync<string[]>("""
            [...document.querySelectorAll("input, textarea, select, button")]
              .filter(e => !(e.labels?.length || e.getAttribute("aria-label") || (e.tagName === "BUTTON" && e.textContent.trim())))
              .map(e => e.outerHTML)
            """);
        Assert.Empty(unlabelled);

        // Tab from the top reaches the key field, then the search box, each with a visible focus ring.
        var reached = new List<string>();
        for (var i = 0; i < 40 && !reached.Contains("search-query"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateExpressionAsync<string>("document.activeElement.id || document.activeElement.className"));
            Assert.NotEqual("none", await page.EvaluateExpressionAsync<string>("getComputedStyle(document.activeElement).outlineStyle"));
        }

        Assert.Contains("api-key", reached);
        Assert.Contains("search-query", reached);
        Assert.Empty(problems);
    }

    private static async Task ShowCollectionAsync(IPage page, string collection)
    {
        await page.EvaluateFunctionAsync("name => { document.querySelector('#collection').value = name; }", collection);
        await page.ClickAsync("#collection-form button[type=submit]");
        await page.WaitForFunctionAsync("() => !document.querySelector('#collection-form button[type=submit]').disabled", new WaitForFunctionOptions { Timeout = (int)Wait.TotalMilliseconds });
    }

    private static async Task ExpectErrorAsync(IPage page, string? errorCode, string? detail)
    {
        await page.WaitForSelectorAsync("#error:not([hidden])", new WaitForSelectorOptions { Visible = true });
        var title = await page.EvaluateExpressionAsync<string>("document.querySelector('#error-title').textContent");
        Assert.False(string.IsNullOrWhiteSpace(title));
        Assert.Equal(errorCode ?? string.Empty, await page.EvaluateExpressionAsync<string>("document.querySelector('#error-code').textContent"));
        if (detail is not null)
        {
            Assert.Contains(detail, await page.EvaluateExpressionAsync<string>("document.querySelector('#error').textContent"), StringComparison.Ordinal);
        }

        // Dismissed, so the next step's error is its own.
        await page.ClickAsync("#error-close");
        await page.WaitForSelectorAsync("#error", new WaitForSelectorOptions { Hidden = true });
    }

    /// <summary>
    /// Clicks a control that downloads a Blob through an <c>a[download]</c> and returns the file it would save:
    /// <c>{name, type, text}</c>. The page's own code runs; only the browser's save is replaced by a record of it.
    /// </summary>
    private static async Task<JsonElement> DownloadAsync(IPage page, string selector)
    {
        await page.EvaluateExpressionAsync("""
            (() => {
              const blobs = new Map();
              const create = URL.createObjectURL;
              URL.createObjectURL = (blob) => { const url = create.call(URL, blob); blobs.set(url, blob); return url; };
              window.folioDownloads = [];
              HTMLAnchorElement.prototype.click = function () {
                const blob = blobs.get(this.href);
                window.folioDownloads.push(blob
                  ? blob.text().then(text => ({ name: this.download, type: blob.type, text }))
                  : Promise.resolve({ name: this.download, type: null, text: null, href: this.href }));
              };
            })()
            """);
        await page.ClickAsync(selector);
        await page.WaitForFunctionAsync("() => window.folioDownloads.length > 0", new WaitForFunctionOptions { Timeout = (int)Wait.TotalMilliseconds });
        var downloads = await page.EvaluateExpressionAsync<JsonElement>("Promise.all(window.folioDownloads)");
        Assert.Equal(1, downloads.GetArrayLength());
        return downloads[0];
    }

    private async Task<JsonElement> ExtractAsync(string documentId)
    {
        var (status, body) = await PostJsonAsync(host.Client, "/v1/extractions", new { documentId, schema = JsonDocument.Parse(Schema).RootElement });
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    private static (double L, double T, double R, double B) Rect(JsonElement e) => (e[0].GetDouble(), e[1].GetDouble(), e[2].GetDouble(), e[3].GetDouble());

    private static bool Inside((double L, double T, double R, double B) inner, (double L, double T, double R, double B) outer, double tolerance) =>
        inner.L >= outer.L - tolerance && inner.T >= outer.T - tolerance && inner.R <= outer.R + tolerance && inner.B <= outer.B + tolerance;

    private static string Show((double L, double T, double R, double B) r) => $"[{r.L:F1}, {r.T:F1}, {r.R:F1}, {r.B:F1}]";

    /// <summary>
    /// Finds and clicks in one step in the page: the document list re-renders while it polls ingestion, so an element
    /// handle found first can be detached by the time it is clicked.
    /// </summary>
    private static Task ClickWhenPresentAsync(IPage page, string selector, int? timeout = null) =>
        page.WaitForFunctionAsync(
            "selector => { const element = document.querySelector(selector); if (!element) return false; element.click(); return true; }",
            new WaitForFunctionOptions { Timeout = timeout ?? (int)Wait.TotalMilliseconds },
            selector);

    private static Task Screenshot(IPage page, string name) => page.ScreenshotAsync(Path.Combine(Host.ScreenshotFolder, name));

    /// <summary>Folio on a loopback port and one headless Chromium for the class's tests.</summary>
    public sealed class Host : IAsyncLifetime
    {
        /// <summary>The repository's <c>docs/screenshots</c>, found upwards from the test binaries.</summary>
        public static string ScreenshotFolder { get; } = FindScreenshotFolder();

        private FolioApiFactory Factory { get; } = new();
        private IBrowser? _browser;

        public string Origin { get; private set; } = string.Empty;

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (Chromium.ExecutablePath is null)
            {
                return;
            }

            Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            Factory.StartServer();
            var addresses = Factory.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!;
            Origin = addresses.Addresses.Single().TrimEnd('/');
            Client = new HttpClient { BaseAddress = new Uri(Origin), Timeout = Wait * 2 };
            _browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = Chromium.ExecutablePath,
                HeadlessMode = HeadlessMode.True,
                // As root in a container Chromium's sandbox cannot start; /dev/shm is small there too.
                Args = ["--no-sandbox", "--headless=new", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
                DefaultViewport = new ViewPortOptions { Width = 1400, Height = 1000 },
                Timeout = (int)Wait.TotalMilliseconds,
                ProtocolTimeout = (int)Wait.TotalMilliseconds * 2,
            });
        }

        /// <summary>A fresh tab on the review page, recording requests outside Folio's origin and page errors.</summary>
        public async Task<(IPage Page, ConcurrentBag<string> Outside, ConcurrentBag<string> Problems)> OpenAsync()
        {
            // A context of its own: no cache, cookies or session storage shared with another test.
            var context = await _browser!.CreateBrowserContextAsync();
            var page = await context.NewPageAsync();
            page.DefaultTimeout = (int)Wait.TotalMilliseconds;
            var outside = new ConcurrentBag<string>();
            var problems = new ConcurrentBag<string>();
            page.Request += (_, e) =>
            {
                if (!e.Request.Url.StartsWith(Origin + "/", StringComparison.Ordinal))
                {
                    outside.Add(e.Request.Url);
                }
            };
            page.PageError += (_, e) => problems.Add(e.Message);
            page.Console += (_, e) =>
            {
                if (e.Message.Type == ConsoleType.Error)
                {
                    problems.Add($"{e.Message.Text} ({e.Message.Location?.URL})");
                }
            };
            var response = await page.GoToAsync(Origin + "/", new NavigationOptions { Timeout = (int)Wait.TotalMilliseconds, WaitUntil = [WaitUntilNavigation.Networkidle0] });
            Assert.Equal(HttpStatusCode.OK, response.Status);
            Assert.Contains("default-src 'self'", response.Headers["content-security-policy"], StringComparison.Ordinal);
            await page.WaitForSelectorAsync("body[data-ready]");
            return (page, outside, problems);
        }

        public async Task<string> UploadAsync(string collection, byte[] bytes, string fileName)
        {
            var (status, body) = await SendAsync(Client, HttpMethod.Post, "/v1/documents?wait=true", Upload([(bytes, fileName)], collection));
            Assert.Equal(HttpStatusCode.OK, status);
            return body.GetProperty("documents")[0].GetProperty("id").GetString()!;
        }

        public async Task DisposeAsync()
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync();
                await _browser.DisposeAsync();
            }

            Client?.Dispose();
            await Factory.DisposeAsync();
        }

        private static string FindScreenshotFolder()
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Folio.slnx")))
            {
                folder = folder.Parent;
            }

            var screenshots = Path.Combine(folder?.FullName ?? Path.GetTempPath(), "docs", "screenshots");
            Directory.CreateDirectory(screenshots);
            return screenshots;
        }
    }
}
