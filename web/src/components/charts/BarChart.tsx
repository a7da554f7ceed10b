// A bar chart on Chart.js, drawn on a canvas (no inline style attribute, so the CSP holds). Only
// the bar controller, its element, the two scales and the tooltip/legend are registered: the rest
// of Chart.js stays out of the bundle. The canvas is an image with a label and a description for
// screen readers; the page shows the same numbers in a table beside it (the accessible twin).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from "chart.js";
import type { ChartColors } from "./tokens";
import ChartFigure, { chartAnimation } from "./ChartFigure";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface BarSeries {
  label: string;
  data: number[];
  /** Index into the token palette (accent, success, warning, danger, muted). */
  tone?: number;
  /** A lighter fill with a coloured border (e.g. the best case behind the weighted amount). */
  soft?: boolean;
}

export interface BarChartProps {
  /** What the chart shows, read by screen readers ("Open pipeline by stage, EUR"). */
  label: string;
  /** A short summary of the figures, or where the table with them is. */
  description?: string;
  labels: string[];
  series: BarSeries[];
  horizontal?: boolean;
  stacked?: boolean;
  /** Formats a value for the axis ticks and the tooltip. */
  format?: (value: number) => string;
  /** The height in CSS pixels of the drawing area (the class sets it; these are the steps). */
  size?: "small" | "medium" | "large";
}

export default function BarChart({ label, description, labels, series, horizontal = false, stacked = false, format, size = "medium" }: BarChartProps) {
  const build = (c: ChartColors): ChartConfiguration => {
    const valueAxis = {
      stacked,
      beginAtZero: true,
      grid: { color: c.grid },
      border: { color: c.grid },
      ticks: { color: c.muted, maxTicksLimit: 6, ...(format ? { callback: (v: string | number) => format(Number(v)) } : {}) },
    };
    const categoryAxis = { stacked, grid: { display: false }, border: { color: c.grid }, ticks: { color: c.text, autoSkip: false } };
    const config: ChartConfiguration<"bar"> = {
      type: "bar",
      data: {
        labels,
        datasets: series.map((s) => {
          const tone = (s.tone ?? 0) % c.series.length;
          return {
            label: s.label,
            data: s.data,
            backgroundColor: s.soft ? c.soft[tone] : c.series[tone],
            borderColor: c.series[tone],
            borderWidth: s.soft ? 1 : 0,
            borderRadius: 3,
            maxBarThickness: 28,
          };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: chartAnimation(),
        plugins: {
          legend: { display: series.length > 1, labels: { color: c.text, boxWidth: 12 } },
          tooltip: format ? { callbacks: { label: (ctx) => `${ctx.dataset.label ?? ""}: ${format(Number(ctx.raw))}` } } : {},
        },
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      },
    };
    return config as ChartConfiguration;
  };
  return <ChartFigure label={label} description={description} size={size} build={build} deps={[labels, series, horizontal, stacked, format]} />;
}
