/**
 * A chart card of S7: ECharts through `echarts/core` (only what these bar charts need, so the chunk stays
 * small; this module is imported by the statistics route alone), and under it the same figures as a
 * table for whoever does not read the chart (screen readers, colour blindness, copying a number).
 */
import type { ReactNode } from 'react';
import { Card, Collapse, Empty, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type AriaComponentOption,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<
  BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | AriaComponentOption
>;

export interface ChartCardProps<Row extends object> {
  title: string;
  /** Beside the title: the CSV of this grouping. */
  extra?: ReactNode;
  /** What the chart shows, in words, for assistive technology (the table carries the figures). */
  summary: string;
  option: ChartOption;
  height: number;
  empty: boolean;
  columns: TableColumnsType<Row>;
  rows: Row[];
  rowKey: keyof Row & string;
  testId: string;
  loading?: boolean;
}

export function ChartCard<Row extends object>(props: ChartCardProps<Row>) {
  const { t } = useTranslation();
  return (
    <Card
      title={props.title}
      extra={props.extra}
      data-testid={props.testId}
      style={{ height: '100%' }}
      styles={{ body: { paddingTop: 8 } }}
    >
      {props.empty ? (
        <Empty description={t('statsNoCases')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <div role="img" aria-label={props.summary} data-testid={`${props.testId}-chart`}>
          <ReactEChartsCore
            echarts={echarts}
            option={props.option}
            notMerge
            style={{ height: props.height, opacity: props.loading ? 0.5 : 1 }}
            opts={{ renderer: 'canvas' }}
          />
        </div>
      )}
      <Collapse
        size="small"
        ghost
        items={[
          {
            key: 'table',
            label: t('statsDataTable'),
            forceRender: true,
            // Scrolls inside the card when the figures do not fit (large text, English headings): a region
            // the keyboard can reach and scroll, named for the screen reader (axe: scrollable-region-focusable).
            children: (
              <div
                role="region"
                tabIndex={0}
                aria-label={`${props.title} · ${t('statsDataTable')}`}
                style={{ overflowX: 'auto' }}
              >
                <Table<Row>
                  size="small"
                  rowKey={props.rowKey}
                  columns={props.columns}
                  dataSource={props.rows}
                  pagination={false}
                  data-testid={`${props.testId}-table`}
                />
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Bars that tell their series apart by pattern as well as colour, the value written on each bar. */
export function barOption(args: {
  categories: string[];
  series: Array<{ name: string; data: number[] }>;
  horizontal?: boolean;
  fontSize: number;
  fontFamily: string;
  colors: string[];
  /** Room for the category labels of a horizontal chart. */
  labelWidth?: number;
}): ChartOption {
  const { categories, horizontal = false, fontSize, fontFamily } = args;
  const categoryAxis = {
    type: 'category' as const,
    data: horizontal ? [...categories].reverse() : categories,
    axisLabel: {
      fontSize,
      ...(horizontal ? { width: args.labelWidth ?? 160, overflow: 'truncate' as const } : { interval: 0 }),
    },
    axisTick: { alignWithLabel: true },
  };
  const valueAxis = { type: 'value' as const, minInterval: 1, axisLabel: { fontSize } };
  return {
    color: args.colors,
    textStyle: { fontFamily, fontSize },
    aria: { enabled: true, label: { enabled: false }, decal: { show: args.series.length > 1 } },
    animationDuration: 300,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, textStyle: { fontSize } },
    legend: args.series.length > 1 ? { top: 0, textStyle: { fontSize } } : { show: false },
    // Room above the plot for the legend and for the value written over the tallest bar.
    grid: {
      left: 8,
      right: horizontal ? 40 : 16,
      top: (args.series.length > 1 ? fontSize * 2.5 : 0) + (horizontal ? fontSize : fontSize * 2),
      bottom: 8,
    },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: args.series.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      data: horizontal ? [...s.data].reverse() : s.data,
      barMaxWidth: 28,
      // A zero needs no number on a bar that is not there (a row of 0 0 0 hides the months that count).
      label: {
        show: true,
        position: horizontal ? ('right' as const) : ('top' as const),
        fontSize,
        formatter: (p: { value?: unknown }) => (p.value === 0 ? '' : String(p.value)),
      },
    })),
  };
}
