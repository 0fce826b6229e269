// Open the database and run migrations at start, so a broken database fails loudly before any request.
export default defineNitroPlugin(() => {
  useDb()
})
