import { useTranslation } from 'react-i18next';

/** Vietnamese/English labels of task kinds and statuses (never the raw code). */
export function useTaskLabels() {
  const { t } = useTranslation('tasks');
  return {
    kind: (kind: string) => t(`kind.${kind}`, { defaultValue: t('kind.other') }),
    status: (status: string) => t(`status.${status}`, { defaultValue: status }),
  };
}
