import { describe, expect, it } from 'vitest';
import { commandNames as contractCommands, events } from '../../../shared/contract';
import { commandNames, isEventName } from './contract-names';

describe('the first bundle’s copy of the contract names', () => {
  it('lists exactly the contract’s commands, in its order', () => {
    expect([...commandNames]).toEqual(contractCommands);
  });

  it('knows exactly the contract’s events', () => {
    for (const name of Object.keys(events)) expect(isEventName(name)).toBe(true);
    expect(isEventName('hosts.exploded')).toBe(false);
    expect(isEventName('toString')).toBe(false);
  });
});
