/** What a one-time account token lets its holder do. */
export enum AccountTokenPurpose {
  VERIFY_EMAIL = 'VERIFY_EMAIL',
  /** Set a new password (requestPasswordReset, then resetPassword). */
  PASSWORD_RESET = 'PASSWORD_RESET',
}
