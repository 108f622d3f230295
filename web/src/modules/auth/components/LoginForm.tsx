import { Field } from '../../../ui/Field'
import { FormError } from '../../../ui/FormError'
import { useLoginForm } from '../hooks/useLoginForm'

/** Login + password form for staff. */
export function LoginForm() {
  const form = useLoginForm()
  return (
    <form className="stack" onSubmit={form.submit} noValidate>
      <Field label="Логин" htmlFor="login">
        <input
          id="login"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          // biome-ignore lint/a11y/noAutofocus: the login field is the only task on this screen
          autoFocus
          required
          value={form.login}
          onChange={(e) => form.setLogin(e.target.value)}
        />
      </Field>
      <Field label="Пароль" htmlFor="password">
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={form.password}
          onChange={(e) => form.setPassword(e.target.value)}
        />
      </Field>
      <FormError error={form.error} />
      <button type="submit" className="btn btn-primary btn-wide" disabled={form.pending}>
        {form.pending ? 'Вход…' : 'Войти'}
      </button>
    </form>
  )
}
