// Staff pages need a signed-in staff member; everyone else goes to the sign-in page.
export default defineNuxtRouteMiddleware(async () => {
  const { me, load } = useStaff()
  if (!me.value && !(await load())) return navigateTo('/admin/login')
})
