import { defineConfig } from 'vitest/config';
export default defineConfig({
  root: '/work/main',
  test: {
    include: ['renderer/**/*.test.{ts,tsx}'],
    pool: 'forks',
    deps: { optimizer: { client: { enabled: true, include: ['@mantine/core', '@mantine/hooks', '@mantine/notifications', '@mantine/spotlight', '@tabler/icons-react', 'react', 'react-dom', 'zustand'] } } },
  },
});
