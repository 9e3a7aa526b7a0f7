// kmsdoctor dashboard: the one script of the pages. It tells the server
// the viewer's time zone in a cookie, which the server formats dates with
// from the next page on (the sign-in page sets it, so the pages after it
// are in the viewer's zone). Every page works without it: dates are then
// in UTC, with the offset shown.
(function () {
  var tz;
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!tz) { return; }
  var m = document.cookie.match(/(?:^|; )kmsd_tz=([^;]*)/);
  if (m && decodeURIComponent(m[1]) === tz) { return; }
  var secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = "kmsd_tz=" + encodeURIComponent(tz) + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
})();
