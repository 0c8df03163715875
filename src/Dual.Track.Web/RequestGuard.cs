using Microsoft.AspNetCore.Http;

namespace Dual.Track.Web;

/// <summary>
/// The page can run code, so every request passes three gates before any route: its <c>Host</c> is the loopback address
/// and the bound port (a DNS-rebinding page's requests carry its own host name); it carries the per-run token (in the
/// query once, then in an HttpOnly, SameSite=Strict cookie); and a state-changing request does not come from another
/// origin (CSRF).
/// </summary>
internal sealed class RequestGuard(string token, Func<int> port)
{
    /// <summary>The query parameter that carries the token on the first request.</summary>
    public const string QueryName = "token";

    /// <summary>The cookie's name; the port is part of it so two servers on one machine keep their own.</summary>
    public string CookieName => $"dual-track-{port()}";

    public async Task Invoke(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var response = context.Response;
        var allowedHosts = new[] { $"127.0.0.1:{port()}", $"localhost:{port()}" };
        if (!allowedHosts.Contains(request.Host.Value, StringComparer.OrdinalIgnoreCase))
        {
            await Refuse(context, StatusCodes.Status421MisdirectedRequest, "this server answers only to http://127.0.0.1:" + port());
            return;
        }

        var fromQuery = request.Query[QueryName].ToString();
        var queryOk = fromQuery.Length > 0 && Tokens.Equal(fromQuery, token);
        if (!queryOk && !Tokens.Equal(request.Cookies[CookieName], token))
        {
            await Refuse(context, StatusCodes.Status401Unauthorized, "open the address `dual track serve` printed (it carries this run's token)");
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !SameOrigin(request, allowedHosts))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "a request that changes something must come from this page");
            return;
        }

        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        response.Headers.CacheControl = "no-store";
        if (queryOk)
        {
            response.Cookies.Append(CookieName, token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
            if (HttpMethods.IsGet(request.Method) && request.Path == "/")
            {
                // Drop the token from the address bar (and so from the history) once the cookie holds it.
                response.Redirect("/");
                return;
            }
        }

        await next(context);
    }

    private static bool SameOrigin(HttpRequest request, string[] allowedHosts)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite is "cross-site" or "same-site")
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // Browsers send Origin on every cross-origin write; a request without one is not a browser's cross-site request.
            return true;
        }

        return allowedHosts.Any(h => string.Equals(origin, "http://" + h, StringComparison.OrdinalIgnoreCase));
    }

    private static async Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n");
    }
}
