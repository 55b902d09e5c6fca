// A three-dot menu that costs one button until it is first opened. Every card and every linked-host row has one;
// mounting a positioned Menu for each up front made the first render of a big site twice as slow.
import { ActionIcon, Menu } from '@mantine/core';
import { IconDotsVertical } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';

interface Props {
  label: string;
  opened: boolean;
  onChange(opened: boolean): void;
  size?: 'sm' | 'md';
  width?: number;
  /** Called only while the menu is open. */
  items(): ReactNode;
}

export function LazyMenu({ label, opened, onChange, size = 'md', width = 260, items }: Props) {
  // Once opened, the Menu stays mounted so closing it can hand focus back to the same button.
  const [mounted, setMounted] = useState(false);
  const icon = <IconDotsVertical size={size === 'sm' ? 14 : 18} />;
  if (!mounted && !opened) {
    return (
      <ActionIcon size={size} variant="subtle" color="gray" aria-label={label} aria-haspopup="menu" onClick={() => (setMounted(true), onChange(true))}>
        {icon}
      </ActionIcon>
    );
  }
  return (
    <Menu opened={opened} onChange={onChange} position="bottom-end" withinPortal shadow="md" width={width}>
      <Menu.Target>
        <ActionIcon size={size} variant="subtle" color="gray" aria-label={label}>
          {icon}
        </ActionIcon>
      </Menu.Target>
      {opened && <Menu.Dropdown>{items()}</Menu.Dropdown>}
    </Menu>
  );
}
