import { describe, expect, it } from 'vitest';
import { MAX_TYPED_PATHS } from './chosen-files';
import { displayPath, oneQuestionAtATime, typedPathsQuestion } from './typed-paths-dialog';

describe('the typed-paths question', () => {
  it(`lists every path it asks about (up to ${MAX_TYPED_PATHS}), Refuse being the default`, () => {
    const paths = Array.from({ length: MAX_TYPED_PATHS }, (_, i) => `/srv/bundles/edge-${i}.tar`);
    const question = typedPathsQuestion(paths);
    for (const p of paths) expect(question.detail).toContain(p);
    expect(question.message).toBe(`Let Fieldlink read these ${MAX_TYPED_PATHS} files?`);
    expect(question.buttons[question.defaultId]).toBe('Refuse');
    expect(question.buttons[question.cancelId]).toBe('Refuse');
    expect(() => typedPathsQuestion([...paths, '/one/more'])).toThrow(RangeError);
    expect(() => typedPathsQuestion([])).toThrow(RangeError);
  });

  it('shows control and bidi characters as spaces, and says so, so one path cannot pose as another', () => {
    // U+202E (right-to-left override) would show ".../rat.exe" reversed as ".../exe.tar".
    const tricky = '/home/tech/\u202Erat.exe';
    const shown = displayPath(tricky);
    expect(shown).not.toMatch(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/);
    expect(shown).toContain('rat.exe');
    expect(shown).toMatch(/unprintable characters shown as spaces/);
    expect(displayPath('/srv/line\nbreak.tar')).toMatch(/^\/srv\/line break\.tar .*unprintable/);
    expect(displayPath('/srv/plain.tar')).toBe('/srv/plain.tar');
    expect(typedPathsQuestion([tricky]).detail).not.toContain('\u202E');
  });
});

describe('one question at a time', () => {
  it('answers a second request "busy" while the first dialog is open, then asks again once it is answered', async () => {
    let answer!: (allowed: boolean) => void;
    const asked: string[][] = [];
    const confirm = oneQuestionAtATime((paths) => {
      asked.push(paths);
      return new Promise<boolean>((resolve) => (answer = resolve));
    });
    const first = confirm(['/a']);
    await expect(confirm(['/b'])).resolves.toBe('busy');
    answer(true);
    await expect(first).resolves.toBe('allow');
    const third = confirm(['/c']);
    answer(false);
    await expect(third).resolves.toBe('refuse');
    expect(asked).toEqual([['/a'], ['/c']]);
  });

  it('is free again after the dialog failed', async () => {
    let fail = true;
    const confirm = oneQuestionAtATime(async () => {
      if (fail) throw new Error('no window');
      return true;
    });
    await expect(confirm(['/a'])).rejects.toThrow('no window');
    fail = false;
    await expect(confirm(['/a'])).resolves.toBe('allow');
  });
});
