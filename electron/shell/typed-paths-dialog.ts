// The main-process question "may Fieldlink read these typed paths?". The page typed them, so what the dialog shows
// must be what will be read: every path (the gate never asks about more than MAX_TYPED_PATHS), each made printable
// so control or bidi characters cannot disguise one path as another.
import { cleanText } from '../core/util/text';
import { MAX_TYPED_PATHS, type ConfirmTypedPaths, type TypedPathAnswer } from './chosen-files';

export interface QuestionOptions {
  type: 'question';
  buttons: string[];
  defaultId: number;
  cancelId: number;
  noLink: boolean;
  title: string;
  message: string;
  detail: string;
}

/** One path as the dialog shows it; marked when characters had to be replaced. */
export function displayPath(file: string): string {
  const shown = cleanText(file, 4096) ?? '(an empty path)';
  return shown === file ? shown : `${shown}   [unprintable characters shown as spaces]`;
}

/** The dialog for these paths. Throws for more than MAX_TYPED_PATHS: the gate refuses those without asking. */
export function typedPathsQuestion(paths: readonly string[]): QuestionOptions {
  if (paths.length === 0 || paths.length > MAX_TYPED_PATHS) throw new RangeError(`Asks about 1 to ${MAX_TYPED_PATHS} paths, not ${paths.length}.`);
  return {
    type: 'question',
    buttons: ['Refuse', 'Allow'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
    title: 'Read these files?',
    message: paths.length === 1 ? 'Let Fieldlink read this file?' : `Let Fieldlink read these ${paths.length} files?`,
    detail: `${paths.map(displayPath).join('\n')}\n\nThey were typed, not dropped or picked. Allow only if you typed these paths yourself.`,
  };
}

/**
 * Wraps the dialog so only one question is open at a time: a request while one is open is answered 'busy' (the page
 * is told to answer the open question first), never stacked into a pile of dialogs.
 */
export function oneQuestionAtATime(ask: (paths: string[]) => Promise<boolean>): ConfirmTypedPaths {
  let open = false;
  return async (paths): Promise<TypedPathAnswer> => {
    if (open) return 'busy';
    open = true;
    try {
      return (await ask(paths)) ? 'allow' : 'refuse';
    } finally {
      open = false;
    }
  };
}
