/** Every namespace of both languages bundled up front: for unit tests (imported first by src/test/setup.ts). */
import { setupI18n } from './core';
import { NAMESPACES, resources } from './resources';

setupI18n(resources, NAMESPACES);
