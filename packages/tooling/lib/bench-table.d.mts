export interface BenchResult {
  name: string;
  label?: string;
  value: number;
  unit: string;
  anchor: { name: string; value: number; unit: string } | null;
  target: { max: number } | { min: number } | { maxRatio: number; of?: string } | { minRatio: number; of?: string } | null;
  ok: boolean | null;
  detail?: string;
}
export declare function parseBenchResults(text: string): BenchResult[];
export declare function formatNumber(v: unknown): string;
export declare function formatTarget(target: BenchResult['target'], unit: string): string;
export declare function benchRows(results: BenchResult[]): string[][];
export declare function formatBenchTable(text: string): string[];
