import { Menu } from '@mantine/core';
import type { HostView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { LazyMenu } from '../../ui/LazyMenu';
import { hostActions } from './host-actions';

interface Props {
  host: HostView;
  opened: boolean;
  onChange(opened: boolean): void;
}

/** The card's three-dot menu; the card opens it on Enter too, hence the controlled `opened`. */
export function HostMenu({ host, opened, onChange }: Props) {
  const api = useApi();
  const name = host.name || host.id;
  return (
    <LazyMenu
      label={`Actions for ${name}`}
      opened={opened}
      onChange={onChange}
      items={() => (
        <>
          <Menu.Label>{name}</Menu.Label>
          {hostActions(host).map((a) => (
            <Menu.Item key={a.id} color={a.danger ? 'red' : undefined} onClick={() => void a.run(api) /* every host action notifies its own failure */}>
              {a.label}
            </Menu.Item>
          ))}
        </>
      )}
    />
  );
}
