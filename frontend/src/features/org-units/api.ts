/** Units data for the units screens: the shared hooks live in src/api/queries (re-exported here). */
export {
  listAllUnits,
  PAGE_LIMIT,
  SEARCH_LIMIT,
  TREE_PAGE_LIMIT,
  unitKeys,
  useChildUnitPages,
  useChildUnits,
  useRootUnits,
  useUnit,
  useUnitHistory,
  useUnitSearch,
} from '../../api/queries/units';
export { useUnitTypes, type UnitTypeCatalogue } from '../../api/queries/reference';
