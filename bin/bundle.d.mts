export declare const projectRoot: string
export declare const bundle: (entry: string, name: string) => URL
export declare const hashProjectFiles: (hash: import("node:crypto").Hash, roots: ReadonlyArray<string>) => import("node:crypto").Hash
