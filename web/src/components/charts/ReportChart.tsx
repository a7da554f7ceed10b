// A custom report's chart on Chart.js: bar, line, area (a filled line) or pie, drawn on a canvas
// (no inline style attribute, so the CSP holds). Only the controllers these need are registered,
// and the file loads with the report pages alone. A click on a bar, point or slice calls onPick with
// the dataset and the point (drill-down); the same figures are links in the table beside the chart,
// which is how the keyboard and screen readers reach them.
import { useRef } from "react";
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import type { ChartColors } from "./tokens";
import ChartFigure, { chartAnimation } from "./ChartFigure";
import styles from "./Chart.module.css";

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, Filler, PieController, ArcElement, CategoryScale, LinearScale, Tooltip, Legend);

export type ReportChartKind = "bar" | "line" | "area" | "pie";

export interface ReportChartProps {
  kind: ReportChartKind;
  /** What the chart shows, for screen readers. */
  label: string;
  description?: string;
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
  format?: (value: number) => string;
  onPick?: (dataset: number, index: number) => void;
  size?: "small" | "medium" | "large" | "fill";
  /** Whole numbers only on the value axis (counts). */
  integer?: boolean;
}

export default function ReportChart({ kind, label, description, labels, datasets, format, onPick, size = "large", integer = false }: ReportChartProps) {
  const pick = useRef(onPick);
  pick.current = onPick;

  const build = (c: ChartColors): ChartConfiguration => {
    const tone = (i: number) => c.series[i % c.series.length]!;
    const soft = (i: number) => c.soft[i % c.soft.length]!;
    const tick = format ? { callback: (v: string | number) => format(Number(v)) } : {};
    const pie = kind === "pie";
    const config: ChartConfiguration = {
      type: pie ? "pie" : kind === "bar" ? "bar" : "line",
      data: {
        labels,
        datasets: datasets.map((d, i) =>
          pie
            ? { label: d.label, data: d.data, backgroundColor: d.data.map((_, j) => tone(j)), borderColor: c.soft[4], borderWidth: 1 }
            : kind === "bar"
              ? { label: d.label, data: d.data, backgroundColor: tone(i), borderRadius: 3, maxBarThickness: 36 }
              : { label: d.label, data: d.data, borderColor: tone(i), backgroundColor: kind === "area" ? soft(i) : tone(i), fill: kind === "area", tension: 0.25, pointRadius: 3, pointHoverRadius: 6, spanGaps: true },
        ),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: chartAnimation(),
        onClick: (_e, elements) => {
          const hit = elements[0];
          if (hit && pick.current) pick.current(hit.datasetIndex, hit.index);
        },
        onHover: (e, elements) => {
          const target = e.native?.target as HTMLElement | undefined;
          if (target) target.classList.toggle(styles.pointer!, elements.length > 0 && Boolean(pick.current));
        },
        plugins: {
          legend: { display: pie || datasets.length > 1, position: pie ? "right" : "top", labels: { color: c.text, boxWidth: 12 } },
          tooltip: format ? { callbacks: { label: (ctx) => `${pie ? ctx.label : (ctx.dataset.label ?? "")}: ${format(Number(ctx.raw))}` } } : {},
        },
        ...(pie
          ? {}
          : {
              scales: {
                x: { grid: { display: false }, border: { color: c.grid }, ticks: { color: c.text } },
                y: { beginAtZero: true, grid: { color: c.grid }, border: { color: c.grid }, ticks: { color: c.muted, maxTicksLimit: 6, ...(integer ? { precision: 0 } : {}), ...tick } },
              },
            }),
      },
    };
    return config;
  };
  return <ChartFigure label={label} description={description} size={size} build={build} deps={[kind, labels, datasets, format, integer]} />;
}
