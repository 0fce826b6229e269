export default defineEventHandler(async (event) => {
  await endStaffSession(event)
  return { loggedOut: true }
})
