import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the console draws: lines and bars, with axes, legend and tooltips. SVG: sharp in print and screenshots.
echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * ECharts in React, thinly: made once per element, given the option whenever it changes,
 * resized with its box, disposed with the component. `label` names the picture for screen readers.
 */
export function EChart({ option, height = 280, label, className }: { option: ChartOption; height?: number; label: string; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current, undefined, { renderer: 'svg' });
    chart.current = c;
    // Resized only when the box's width really changed, once per frame: a resize that moved a
    // scroll bar must not set off another one.
    let width = box.current.clientWidth;
    let frame = 0;
    const observer = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? width);
      if (w === width) return;
      width = w;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => c.resize());
    });
    observer.observe(box.current);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} className={`chart ${className ?? ''}`} role="img" aria-label={label} style={{ height, width: '100%' }} />;
}
