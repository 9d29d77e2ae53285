export * from './certificate-document';
export { renderCertificatePdf } from './certificate-pdf';
export { renderVerificationPage } from './verification-page';
export { pageStyleSources } from './page-style';
export { renderAccountConfirmationPage, type AccountConfirmationState } from './account-confirmation-page';
export { toCsv, toXlsx, type ExportTable, type ExportColumn, type ExportCell } from './table-export';
