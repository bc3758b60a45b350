export interface Violation {
  file: string;
  line: number;
  message: string;
}
export interface CheckResult {
  files: number;
  violations: Violation[];
}
export interface ImportRef {
  specifier: string;
  line: number;
  kind: string;
}
export declare const ALLOWED: Readonly<Record<string, readonly string[]>>;
export declare const ADAPTER_DIRS: readonly string[];
export declare const PURE: Readonly<Record<string, 'all' | 'outside-node'>>;
export declare function checkDeps(opts: { root: string }): CheckResult;
export declare function extractImports(src: string): ImportRef[];
export declare function tokenize(src: string): { t: string; v: string; line: number }[];
export declare function formatResult(result: CheckResult): string;
