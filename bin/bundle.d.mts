export declare const projectRoot: string
export declare const bundle: (entry: string, name: string) => URL
