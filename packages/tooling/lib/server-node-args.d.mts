export declare function serverNodeArgs(cores?: number): string[];
