import type { BenchResult } from './bench-table.mjs';
export interface BenchFigure {
  name: string;
  label: string;
  value: number;
  unit: string;
  anchor?: BenchResult['anchor'];
  target?: BenchResult['target'];
  detail?: string;
}
export declare function meetsTarget(value: number, anchor: { value: number } | null, target: BenchResult['target']): boolean | null;
export declare function benchResult(figure: BenchFigure): BenchResult;
export declare function printBenchResult(figure: BenchFigure): void;
