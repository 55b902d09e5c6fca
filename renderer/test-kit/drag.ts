import { fireEvent } from '@testing-library/react';

/** jsdom has no DataTransfer; this one carries data between the events of one drag, like the browser's. */
export function dataTransfer() {
  const data = new Map<string, string>();
  return {
    get types() {
      return [...data.keys()];
    },
    setData: (type: string, value: string) => void data.set(type, value),
    getData: (type: string) => data.get(type) ?? '',
    effectAllowed: 'all',
    dropEffect: 'none',
    files: [],
    items: [],
  };
}

export function drag(source: Element, target: Element) {
  const dt = dataTransfer();
  fireEvent.dragStart(source, { dataTransfer: dt });
  fireEvent.dragEnter(target, { dataTransfer: dt });
  const accepted = !fireEvent.dragOver(target, { dataTransfer: dt });
  if (accepted) fireEvent.drop(target, { dataTransfer: dt });
  fireEvent.dragEnd(source, { dataTransfer: dt });
  return { accepted, dataTransfer: dt };
}
