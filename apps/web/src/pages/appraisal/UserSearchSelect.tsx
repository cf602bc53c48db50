import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { compactQuery } from '../../api/query';
import type { Page, UserResponse } from '../../api/types';

/** People to pick from, searched by name as you type. */
export function UserSearchSelect({ id, value, onChange }: { id?: string; value?: string; onChange?: (id: string) => void }) {
  const [q, setQ] = useState('');
  const users = useQuery({
    queryKey: ['users', 'search', q],
    queryFn: () =>
      unwrap<Page<UserResponse>>(api.GET('/api/v1/users', { params: { query: compactQuery({ q, active: 'true' as const, limit: 50 }) } })),
  });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      loading={users.isFetching}
      options={(users.data?.items ?? []).map((u) => ({
        value: u.id,
        label: `${u.displayName} (${u.username})${u.joinedOn ? ` · ${u.joinedOn}` : ''}`,
      }))}
    />
  );
}
