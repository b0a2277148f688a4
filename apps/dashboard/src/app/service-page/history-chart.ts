import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { HistoryPointDto } from '@ipfs-kit/sdk';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { Theme } from '../core/theme';
import { formatBytes } from '../shared/format';

export type ChartKind = 'latency' | 'up' | 'storage';

const PALETTE = {
  light: {
    text: '#44474e',
    grid: '#c4c6d0',
    line: '#005cbb',
    band: 'rgba(0, 92, 187, 0.35)',
    quota: '#b45309',
    up: '#15803d',
    down: '#b91c1c',
  },
  dark: {
    text: '#e0e2ec',
    grid: '#44474e',
    line: '#abc7ff',
    band: 'rgba(171, 199, 255, 0.4)',
    quota: '#fbbf24',
    up: '#4ade80',
    down: '#f87171',
  },
};

/**
 * Latency (average, with the minimum and maximum of each point), the share of successful
 * checks, or storage used against the quota, over time, themed light or dark.
 */
@Component({
  selector: 'app-history-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgxEchartsDirective],
  template: `<div
    echarts
    class="chart"
    role="img"
    [attr.aria-label]="label()"
    [options]="options()"
    [autoResize]="true"
    [attr.data-chart]="kind()"
    [attr.data-points]="points().length"
  ></div>`,
  styles: `
    .chart {
      height: 240px;
      width: 100%;
    }
    @media (max-width: 600px) {
      .chart {
        height: 200px;
      }
    }
  `,
})
export class HistoryChart {
  private readonly theme = inject(Theme);
  readonly points = input.required<HistoryPointDto[]>();
  readonly kind = input.required<ChartKind>();

  protected readonly label = computed(() => {
    const count = this.points().length;
    switch (this.kind()) {
      case 'latency':
        return `Latency over time, ${count} points`;
      case 'up':
        return `Share of successful checks over time, ${count} points`;
      default:
        return `Storage used against the quota over time, ${count} points`;
    }
  });

  protected readonly options = computed((): EChartsCoreOption => {
    const colours = this.theme.isDark() ? PALETTE.dark : PALETTE.light;
    const points = this.points();
    const axis = {
      axisLabel: { color: colours.text, hideOverlap: true },
      axisLine: { lineStyle: { color: colours.grid } },
      splitLine: { lineStyle: { color: colours.grid, opacity: 0.5 } },
    };
    const base = {
      animation: false,
      backgroundColor: 'transparent',
      textStyle: { color: colours.text },
      grid: { left: 48, right: 16, top: 24, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', ...axis },
    };
    if (this.kind() === 'up') {
      return {
        ...base,
        yAxis: { type: 'value', min: 0, max: 100, name: '% up', nameTextStyle: { color: colours.text }, ...axis },
        series: [
          {
            type: 'bar',
            name: '% up',
            barMaxWidth: 12,
            data: points.map((p) => {
              const up = p.avg['up'];
              const value = up === null || up === undefined ? null : Math.round(up * 1000) / 10;
              return {
                value: [p.t, value],
                itemStyle: { color: value !== null && value < 100 ? colours.down : colours.up },
              };
            }),
          },
        ],
      };
    }
    if (this.kind() === 'storage') {
      const bytes = (value: number) => formatBytes(value);
      return {
        ...base,
        grid: { ...base.grid, left: 72 },
        tooltip: { trigger: 'axis', valueFormatter: (value: unknown) => (typeof value === 'number' ? bytes(value) : 'unknown') },
        legend: { top: 0, right: 0, textStyle: { color: colours.text } },
        yAxis: { type: 'value', min: 0, ...axis, axisLabel: { ...axis.axisLabel, formatter: bytes } },
        series: [
          {
            type: 'line',
            name: 'used',
            step: 'end',
            symbol: 'none',
            areaStyle: { color: colours.band },
            lineStyle: { color: colours.line, width: 2 },
            itemStyle: { color: colours.line },
            data: points.map((p) => [p.t, p.max['used_bytes'] ?? null]),
          },
          {
            type: 'line',
            name: 'quota',
            step: 'end',
            symbol: 'none',
            lineStyle: { color: colours.quota, width: 2, type: 'dashed' },
            itemStyle: { color: colours.quota },
            data: points.map((p) => [p.t, p.avg['quota_bytes'] ?? null]),
          },
        ],
      };
    }
    return {
      ...base,
      legend: { top: 0, right: 0, textStyle: { color: colours.text } },
      yAxis: { type: 'value', name: 'ms', nameTextStyle: { color: colours.text }, ...axis },
      series: [
        {
          type: 'line',
          name: 'min',
          symbol: 'none',
          lineStyle: { color: colours.band, width: 1 },
          itemStyle: { color: colours.band },
          data: points.map((p) => [p.t, p.min['latency_ms'] ?? null]),
        },
        {
          type: 'line',
          name: 'max',
          symbol: 'none',
          lineStyle: { color: colours.band, width: 1 },
          itemStyle: { color: colours.band },
          data: points.map((p) => [p.t, p.max['latency_ms'] ?? null]),
        },
        {
          type: 'line',
          name: 'average',
          symbol: 'none',
          lineStyle: { color: colours.line, width: 2 },
          itemStyle: { color: colours.line },
          data: points.map((p) => [p.t, p.avg['latency_ms'] ?? null]),
        },
      ],
    };
  });
}
