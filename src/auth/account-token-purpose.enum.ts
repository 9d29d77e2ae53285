/** What a one-time account token lets its holder do (the web application will add RESET_PASSWORD). */
export enum AccountTokenPurpose {
  VERIFY_EMAIL = 'VERIFY_EMAIL',
}
