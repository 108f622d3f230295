import nodemailer, { type Transporter } from 'nodemailer'
import type { Env } from '../../../platform/env'

export interface ImapSettings {
  host: string
  port: number
  secure: boolean
  user: string
  password: string
  mailbox: string
}

export interface SmtpSettings {
  host: string
  port: number
  secure: boolean
  auth?: { user: string; pass: string }
  /** The From header as configured («МЦУ <mcu@city.example>»). */
  from: string
  /** The address part of From: our own mail is never taken in as an appeal. */
  fromAddress: string
  /** The domain of our Message-IDs. */
  domain: string
}

/** The mailbox to poll, or undefined when e-mail intake is off (VECHE_IMAP_HOST not set). */
export function imapSettings(env: Env): ImapSettings | undefined {
  if (!env.VECHE_IMAP_HOST) return undefined
  if (!env.VECHE_IMAP_USER || !env.VECHE_IMAP_PASSWORD) {
    throw new Error('Почта: при заданном VECHE_IMAP_HOST нужны VECHE_IMAP_USER и VECHE_IMAP_PASSWORD')
  }
  return {
    host: env.VECHE_IMAP_HOST,
    port: env.VECHE_IMAP_PORT ?? (env.VECHE_IMAP_SECURE ? 993 : 143),
    secure: env.VECHE_IMAP_SECURE,
    user: env.VECHE_IMAP_USER,
    password: env.VECHE_IMAP_PASSWORD,
    mailbox: env.VECHE_IMAP_MAILBOX,
  }
}

/** The SMTP server for replies, or undefined when outgoing mail is not configured. */
export function smtpSettings(env: Env): SmtpSettings | undefined {
  if (!env.VECHE_SMTP_HOST) return undefined
  if (!env.VECHE_MAIL_FROM) {
    throw new Error('Почта: при заданном VECHE_SMTP_HOST нужен VECHE_MAIL_FROM (адрес отправителя)')
  }
  const fromAddress = (env.VECHE_MAIL_FROM.match(/<([^<>]+)>/)?.[1] ?? env.VECHE_MAIL_FROM).trim()
  return {
    host: env.VECHE_SMTP_HOST,
    port: env.VECHE_SMTP_PORT ?? (env.VECHE_SMTP_SECURE ? 465 : 587),
    secure: env.VECHE_SMTP_SECURE,
    auth:
      env.VECHE_SMTP_USER && env.VECHE_SMTP_PASSWORD
        ? { user: env.VECHE_SMTP_USER, pass: env.VECHE_SMTP_PASSWORD }
        : undefined,
    from: env.VECHE_MAIL_FROM,
    fromAddress: fromAddress.toLowerCase(),
    domain: fromAddress.split('@')[1].toLowerCase(),
  }
}

const transports = new Map<string, Transporter>()

/** One pooled SMTP transport per server and user, shared by citizens' letters and staff notifications. */
export function smtpTransport(s: SmtpSettings): Transporter {
  const key = JSON.stringify([s.host, s.port, s.secure, s.auth?.user])
  let t = transports.get(key)
  if (!t) {
    t = nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: s.auth,
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    })
    transports.set(key, t)
  }
  return t
}
