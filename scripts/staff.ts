// Staff accounts from the command line (run with jiti: `npm run staff -- <command>`). Uses the same
// database, stores and account rules as the server (server/database/*, server/utils/staff/*), so both agree.
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { StaffCreateSchema, STAFF_PASSWORD_MIN_LENGTH, STAFF_ROLES } from '../shared/schemas/admin'
import { currentRegion, districtName } from '../server/regions/region'
import { databaseTarget, describeTarget, migrateToLatest, openDatabase } from '../server/database/connection'
import { createStores, type Stores } from '../server/database/stores'
import { createStaffAccount, StaffAccountError, updateStaffAccount } from '../server/utils/staff/accounts'

const USAGE = `用法 (usage):
  npm run staff -- add EMAIL --role admin|editor [--district 区县名或代码]   密码取自 STAFF_PASSWORD 或提示输入
  npm run staff -- list
  npm run staff -- disable EMAIL
  npm run staff -- enable EMAIL
  npm run staff -- password EMAIL                                      重设密码（同上），并让该账号所有登录失效

The database is DATABASE_URL (file:/path.sqlite or postgres://…) or .data/yizhan.sqlite under the current folder.
Districts (NUXT_PUBLIC_REGION=${currentRegion().code}): ${currentRegion().districts.length > 40 ? `${currentRegion().districts.length} 个，写名称或 6 位代码` : currentRegion().districts.map(d => d.name).join(' ')}`

class UsageError extends Error {}

/** Reads a line from the terminal without echoing it; from a pipe, reads the first line. */
function readHidden(question: string): Promise<string> {
  const { stdin, stderr } = process
  if (!stdin.isTTY) {
    return new Promise((resolve) => {
      const lines = createInterface({ input: stdin })
      let first: string | undefined
      lines.once('line', (line) => {
        first = line
        lines.close()
      })
      lines.once('close', () => resolve(first ?? ''))
    })
  }
  stderr.write(question)
  stdin.setRawMode(true)
  stdin.setEncoding('utf8')
  stdin.resume()
  return new Promise((resolve, reject) => {
    let value: string[] = []
    const finish = () => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      stderr.write('\n')
    }
    function onData(chunk: string) {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish()
          return resolve(value.join(''))
        }
        if (char === '\u0003' || char === '\u0004') {
          finish()
          return reject(new UsageError('已取消 (cancelled)'))
        }
        if (char === '\u007F' || char === '\b') value = value.slice(0, -1)
        else value.push(char)
      }
    }
    stdin.on('data', onData)
  })
}

/** STAFF_PASSWORD, or asked for twice without echo. Refuses one shorter than the minimum. */
async function newPassword(): Promise<string> {
  let password = process.env.STAFF_PASSWORD
  if (password === undefined) {
    password = await readHidden(`密码 (password, ≥ ${STAFF_PASSWORD_MIN_LENGTH} characters): `)
    if (process.stdin.isTTY && password.length >= STAFF_PASSWORD_MIN_LENGTH && await readHidden('再输入一次 (again): ') !== password) {
      throw new UsageError('两次输入的密码不一致 (passwords differ)')
    }
  }
  if (password.length < STAFF_PASSWORD_MIN_LENGTH) throw new UsageError(`密码至少 ${STAFF_PASSWORD_MIN_LENGTH} 个字符 (password too short)`)
  return password
}

async function accountId(stores: Stores, email: string | undefined): Promise<string> {
  if (!email) throw new UsageError('缺少 EMAIL (missing EMAIL)')
  const account = await stores.staff.credentials(email.trim())
  if (!account) throw new UsageError(`没有账号 ${email} (no such account)`)
  return account.id
}

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, district: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  const [command, email] = positionals
  if (values.help || !command) {
    console.log(USAGE)
    return
  }
  const database = openDatabase()
  try {
    await migrateToLatest(database)
    await run(createStores(database.db), command, email, values)
  }
  finally {
    await database.close()
  }
}

async function run(stores: Stores, command: string, email: string | undefined, values: { role?: string, district?: string }) {
  switch (command) {
    case 'add': {
      if (!values.role || !(STAFF_ROLES as readonly string[]).includes(values.role)) throw new UsageError('--role 应为 admin 或 editor')
      const input = StaffCreateSchema.safeParse({ email, role: values.role, district: values.district ?? null, password: await newPassword() })
      if (!input.success) throw new UsageError(input.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('\n'))
      const staff = await createStaffAccount(stores, input.data, 'system')
      console.log(`已创建 (created) ${staff.email} · ${staff.role}${staff.district ? ` · ${districtName(staff.district)} ${staff.district}` : ''}`)
      break
    }
    case 'list': {
      const rows = (await stores.staff.list()).map(staff => [staff.email, staff.role, staff.district ? `${districtName(staff.district)} ${staff.district}` : '全部 (all)', staff.disabledAt ? `停用 (disabled) ${staff.disabledAt}` : '启用 (active)', staff.createdAt])
      if (!rows.length) console.log(`没有账号 (no accounts) in ${describeTarget(databaseTarget())}`)
      for (const row of rows) console.log(row.join('\t'))
      break
    }
    case 'disable':
    case 'enable': {
      const staff = await updateStaffAccount(stores, await accountId(stores, email), { disabled: command === 'disable' }, 'system')
      console.log(`${command === 'disable' ? '已停用 (disabled)' : '已启用 (enabled)'} ${staff.email}`)
      break
    }
    case 'password': {
      const id = await accountId(stores, email)
      const staff = await updateStaffAccount(stores, id, { password: await newPassword() }, 'system')
      console.log(`已重设密码 (password changed) ${staff.email}`)
      break
    }
    default:
      throw new UsageError(`未知命令 (unknown command) ${command}\n\n${USAGE}`)
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof StaffAccountError) {
    console.error(error.message)
    process.exitCode = error instanceof UsageError ? 2 : 1
    return
  }
  console.error(error)
  process.exitCode = 1
})
