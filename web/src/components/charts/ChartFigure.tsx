// The frame every chart shares: a canvas drawn by Chart.js from `build` (which reads the design
// tokens' colours, so the chart is drawn again when the colour scheme changes), destroyed when the
// component goes or `deps` change, and shown as an image with a label and a description for screen
// readers. The chart files register the Chart.js parts they need; this one adds none.
import { useEffect, useId, useRef, type DependencyList } from "react";
import { Chart, type ChartConfiguration } from "chart.js";
import { readChartColors, type ChartColors } from "./tokens";
import styles from "./Chart.module.css";

/** Bars and lines grow in a quarter second, unless the reader asked for less motion. */
export function chartAnimation() {
  return window.matchMedia("(prefers-reduced-motion: reduce)").matches ? (false as const) : { duration: 250 };
}

export interface ChartFigureProps {
  label: string;
  description?: string;
  size: string;
  /** The chart's configuration in the current colours. */
  build: (colors: ChartColors) => ChartConfiguration;
  /** What `build` reads: the chart is drawn again when one changes. */
  deps: DependencyList;
}

export default function ChartFigure({ label, description, size, build, deps }: ChartFigureProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const descId = useId();
  const latest = useRef(build);
  latest.current = build;

  useEffect(() => {
    const el = canvas.current;
    if (!el) return undefined;
    const dark = window.matchMedia("(prefers-color-scheme: dark)");
    let chart: Chart | null = null;
    const draw = () => {
      chart?.destroy();
      chart = new Chart(el, latest.current(readChartColors(el)));
    };
    draw();
    dark.addEventListener("change", draw);
    return () => {
      dark.removeEventListener("change", draw);
      chart?.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what `build` reads
  }, deps);

  return (
    <figure className={`${styles.figure} ${styles[size]}`}>
      <canvas ref={canvas} role="img" aria-label={label} aria-describedby={description ? descId : undefined}>
        {description}
      </canvas>
      {description && (
        <figcaption id={descId} className="visually-hidden">
          {description}
        </figcaption>
      )}
    </figure>
  );
}
