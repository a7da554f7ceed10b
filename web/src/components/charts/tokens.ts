// Chart colours come from the design tokens (CSS custom properties), read when a chart draws, so
// dark mode and any later theme apply to charts too. The series palette is the accent followed by
// the semantic colours; charts never rely on colour alone (legends, labels and the twin table).
export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  series: string[];
  soft: string[];
}

function token(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

export function readChartColors(el: Element = document.documentElement): ChartColors {
  const s = getComputedStyle(el);
  return {
    text: token(s, "--text", "#16191d"),
    muted: token(s, "--text-muted", "#545b66"),
    grid: token(s, "--border", "#e1e4e9"),
    series: [token(s, "--accent", "#3652c9"), token(s, "--success", "#1c7a3a"), token(s, "--warning", "#8a5a00"), token(s, "--danger", "#b42318"), token(s, "--text-muted", "#545b66")],
    soft: [token(s, "--accent-soft", "#e8ecfb"), token(s, "--success-soft", "#e4f4e9"), token(s, "--warning-soft", "#fcf1d9"), token(s, "--danger-soft", "#fde8e6"), token(s, "--bg-muted", "#eff1f4")],
  };
}
