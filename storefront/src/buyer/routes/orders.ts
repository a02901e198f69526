import type { RouteRecordRaw } from 'vue-router'

export default [] satisfies RouteRecordRaw[]
