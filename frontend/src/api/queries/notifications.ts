/** The signed-in user's notifications (the bell): report requests received, reminders, decisions. */
import { useQuery } from '@tanstack/react-query';

import { useApiMutation } from '../../components/mutation';
import { api, call } from '../client';
import { queryKeys } from './keys';

export function useNotifications(unread = false) {
  return useQuery({
    queryKey: queryKeys.notifications.list(unread),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/notifications', { params: { query: { unread, limit: 20 } }, signal })),
    refetchInterval: 60_000,
  });
}

export function useMarkNotificationRead() {
  return useApiMutation<number, unknown>({
    mutationFn: (id) =>
      call(api.POST('/api/v1/notifications/{notification_id}/read', { params: { path: { notification_id: id } } })),
    invalidate: [queryKeys.notifications.all],
  });
}
