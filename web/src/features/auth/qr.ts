// The enrolment QR code, drawn here (no third-party service ever sees the secret): an SVG string
// from the `qrcode` package, shown as <img src="data:image/svg+xml,…"> (the CSP allows data:
// images, not inline styles). The package is loaded only when someone enrols.
export async function qrDataUrl(text: string): Promise<string> {
  const { default: QRCode } = await import("qrcode");
  const svg = await QRCode.toString(text, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/=+$/, "").replace(/(.{4})(?=.)/g, "$1 ");
}
