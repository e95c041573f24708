// Rewrites the development origin in manifest.xml to the production origin. Every occurrence is
// replaced (the Microsoft template's String.replace only replaced the first one), with or without a
// trailing slash, so AppDomains entries are rewritten too.
const DEV_ORIGIN = "https://localhost:3000";

function toProductionManifest(xml, productionUrl) {
  if (!/^https:\/\/[^\s"<>]+\/$/.test(productionUrl)) {
    throw new Error(`The production URL must be an https URL ending in "/", got ${productionUrl}`);
  }
  // A bare origin (AppDomains) maps to the production origin: domains carry no path.
  const origin = new URL(productionUrl).origin;
  return xml.split(`${DEV_ORIGIN}/`).join(productionUrl).split(DEV_ORIGIN).join(origin);
}

/** The same rewrite for other text the build ships (the helpUrls in functions.json). */
function toProductionUrls(text, productionUrl) {
  return toProductionManifest(text, productionUrl);
}

module.exports = { DEV_ORIGIN, toProductionManifest, toProductionUrls };
