/** Every table of Вече, gathered for drizzle-kit and for the typed database handle. */
export * from '../modules/answers/answers.tables'
export * from '../modules/appeals/appeals.tables'
export * from '../modules/channels/channels.tables'
export * from '../modules/geo/geo.tables'
export * from '../modules/org/org.tables'
export * from '../modules/reference/reference.tables'
export * from '../modules/users/users.tables'
export * from './jobs.tables'
