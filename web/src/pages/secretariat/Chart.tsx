import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only the parts the dashboard draws: bar charts with their axes, legend and tooltips (tree-shaken from Chart.js).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Distinguishable with their labels and the table beside them; never the only carrier of a figure. */
const COLOURS = ['#1d4f91', '#2a7f62', '#b8860b', '#8b3a62', '#5b5b5b', '#c2410c'];

/**
 * A bar chart drawn on a canvas (drawing on a canvas needs no inline style, so the app's CSP holds). The canvas is a
 * picture with a short label; the table under it carries the same figures for screen readers.
 */
export default function BarChart({
  labels,
  series,
  label,
  max,
}: {
  labels: string[];
  series: { label: string; data: (number | null)[] }[];
  label: string;
  max?: number;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const figures = JSON.stringify([labels, series, max ?? null]);
  useEffect(() => {
    const [labels, series, max] = JSON.parse(figures) as [
      string[],
      { label: string; data: (number | null)[] }[],
      number | null,
    ];
    if (!canvas.current) return;
    const datasets: ChartDataset<'bar', (number | null)[]>[] = series.map((s, i) => ({
      label: s.label,
      data: s.data,
      backgroundColor: COLOURS[i % COLOURS.length],
    }));
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, ...(max !== null ? { max } : {}) } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
    return () => chart.destroy();
  }, [figures]);
  return (
    <div className="sec-chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
