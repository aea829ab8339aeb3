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

export const trainingProgrammesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/training/programmes',
  component: lazyRouteComponent(() => import('./ProgrammesPage'), 'ProgrammesPage'),
});

export const trainingEnrolmentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/training/enrolments/$enrolmentId',
  params: {
    parse: (p: { enrolmentId: string }) => {
      const id = Number(p.enrolmentId);
      return { enrolmentId: Number.isInteger(id) && id > 0 ? id : -1 };
    },
    stringify: (p: { enrolmentId: number }) => ({ enrolmentId: String(p.enrolmentId) }),
  },
  component: lazyRouteComponent(() => import('./EnrolmentPage'), 'EnrolmentPage'),
});

export const trainingStatisticsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/training/statistics',
  component: lazyRouteComponent(() => import('./StatisticsPage'), 'StatisticsPage'),
});

export const trainingRoutes = [trainingCatalogRoute, trainingCourseRoute, trainingGapsRoute, trainingProgrammesRoute,
  trainingEnrolmentRoute, trainingStatisticsRoute] as const;
