// Brings the database's schema up to date (run with jiti: `npm run db:migrate`). The server does the
// same at start-up; run it before starting several instances of a new release.
import { databaseTarget, describeTarget, migrateToLatest, openDatabase } from '../server/database/connection'

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

try {
  const target = databaseTarget()
  const database = openDatabase(target)
  try {
    const applied = await migrateToLatest(database)
    console.log(applied.length
      ? `${describeTarget(target)}: 已应用 (applied) ${applied.join(', ')}`
      : `${describeTarget(target)}: 已是最新 (up to date)`)
  }
  catch (error) {
    console.error(`${describeTarget(target)}: ${message(error)}`)
    process.exitCode = 1
  }
  finally {
    await database.close()
  }
}
catch (error) {
  console.error(message(error))
  process.exitCode = 2
}
