import { createRoute, lazyRouteComponent } from '@tanstack/react-router';

import { rootRoute } from '../../routes/root';

export const trainingCatalogRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/training',
  component: lazyRouteComponent(() => import('./CourseCatalogPage'), 'CourseCatalogPage'),
});

export const trainingCourseRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/training/courses/$courseId',
  params: {
    parse: (p: { courseId: string }) => {
      const id = Number(p.courseId);
      return { courseId: Number.isInteger(id) && id > 0 ? id : -1 };
    },
    stringify: (p: { courseId: number }) => ({ courseId: String(p.courseId) }),
  },
  component: lazyRouteComponent(() => import('./CoursePage'), 'CoursePage'),
});

export const trainingGapsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/training/gaps',
  component: lazyRouteComponent(() => import('./CoverageGapsPage'), 'CoverageGapsPage'),
});

export const trainingRoutes = [trainingCatalogRoute, trainingCourseRoute, trainingGapsRoute] as const;
