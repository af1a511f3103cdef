// Demo analytics, standing in for a real statistics script: it only runs after consent to
// "analytics", counts its runs and sets a cookie matching the config's `_pk_id.*` pattern.
window.__analytics = window.__analytics || { runs: 0 };
window.__analytics.runs += 1;
document.cookie = "_pk_id.1.demo=" + Date.now() + "; Path=/; Max-Age=34128000; SameSite=Lax";
