import { Navigate } from '@tanstack/react-router';

import { usePermissions } from '../../api/queries/me';
import { PageLoader } from '../../routes/root';
import { landingPath } from './landing';

/** `/`: the chair goes to /chair; everyone else to the units screen until the dashboard lands. */
export function HomePage() {
  const perms = usePermissions();
  if (perms.isLoading) return <PageLoader />;
  return <Navigate to={landingPath(perms.roles) ?? '/units'} replace />;
}
