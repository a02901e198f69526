import type { PageGroup } from './group'

export default { routes: [], menu: [] } satisfies PageGroup
