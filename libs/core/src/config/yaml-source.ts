import { isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ConfigPath } from './config-path';

/** A parsed YAML file that can say on which line any key path is written. */
export interface YamlSource {
  readonly data: unknown;
  /** Syntax errors (with their line); `data` is unusable when there are any. */
  readonly errors: readonly { readonly line: number; readonly message: string }[];
  /** The line of the deepest part of `path` present in the file (1 when none is). */
  lineOf(path: ConfigPath): number;
}

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  // prettyErrors off: the default message quotes the file's line, which may hold a secret.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (node: unknown): number | undefined =>
    isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const errors = [...doc.errors, ...doc.warnings].map((error) => ({
    line: lineCounter.linePos(error.pos[0]).line,
    message: error.message,
  }));
  let data: unknown;
  if (errors.length === 0) {
    try {
      data = doc.toJS();
    } catch (error) {
      // toJS refuses documents such as alias bombs; that is a problem of the file, not a crash.
      errors.push({ line: 1, message: (error as Error).message });
    }
  }
  return {
    data,
    errors,
    lineOf(path) {
      let node: unknown = doc.contents;
      let line = lineAt(node) ?? 1;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find(
            (item) => String(isScalar(item.key) ? item.key.value : item.key) === String(segment),
          );
          if (!pair) break;
          line = lineAt(pair.key) ?? line;
          node = pair.value;
        } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
          node = node.items[segment];
          line = lineAt(node) ?? line;
        } else {
          break;
        }
      }
      return line;
    },
  };
}
