// kmsdoctor dashboard: the one script of the pages. It tells the server
// the viewer's time zone (a cookie the server formats dates with), and
// reloads once when the zone was not known yet. No other behaviour: every
// page works without it (dates are then in UTC, the offset shown).
(function () {
  var tz;
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!tz) { return; }
  var m = document.cookie.match(/(?:^|; )kmsd_tz=([^;]*)/);
  var had = m ? decodeURIComponent(m[1]) : "";
  if (had === tz) { return; }
  var secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = "kmsd_tz=" + encodeURIComponent(tz) + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
  if (document.body && document.body.dataset.page !== "login" && !sessionStorage.getItem("kmsd_tz_reloaded")) {
    sessionStorage.setItem("kmsd_tz_reloaded", "1");
    location.reload();
  }
})();
