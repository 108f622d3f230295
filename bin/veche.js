#!/usr/bin/env node
// `npx veche …`: runs the TypeScript CLI through tsx's loader (no build step for the server).
import { register } from 'tsx/esm/api'

register()
await import('../server/main.ts')
