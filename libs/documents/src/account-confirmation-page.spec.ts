import { renderAccountConfirmationPage } from './account-confirmation-page';

const TOKEN = 'Xq3vQ0b1c2d3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s8t';
const opts = { token: TOKEN, graphqlEndpoint: 'https://lms.example.org/graphql' };

describe('renderAccountConfirmationPage', () => {
  it('shows a button that POSTs the token back, and no script, in EN, FR and ES', () => {
    for (const [language, tag, button] of [
      ['EN', 'en-GB', 'Confirm my address'],
      ['FR', 'fr-FR', 'Confirmer mon adresse'],
      ['ES', 'es-ES', 'Confirmar mi dirección'],
    ]) {
      const html = renderAccountConfirmationPage('READY', language, opts);
      expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
      expect(html).toContain(`<html lang="${tag}">`);
      expect(html).toContain(`<form method="post" action="confirm?token=${TOKEN}">`);
      expect(html).toContain(`<button type="submit">${button}</button>`);
      expect(html).toContain('<meta name="referrer" content="no-referrer">');
      expect(html).not.toMatch(/<script|<link|src=/);
    }
    expect(renderAccountConfirmationPage('READY', 'AR', opts)).toContain('<html lang="en-GB">');
  });

  it('says the address is confirmed and how to sign in, or that the link does not work, without a form', () => {
    const done = renderAccountConfirmationPage('CONFIRMED', 'FR', opts);
    expect(done).toContain('Votre adresse électronique est confirmée');
    expect(done).toContain('https://lms.example.org/graphql (login)');
    expect(done).not.toContain('<form');
    const invalid = renderAccountConfirmationPage('INVALID', 'ES', opts);
    expect(invalid).toContain('Este enlace de confirmación no funciona');
    expect(invalid).toContain('resendVerification');
    expect(invalid).not.toContain(TOKEN);
  });

  it('escapes what it echoes', () => {
    const html = renderAccountConfirmationPage('READY', 'EN', {
      token: '"><script>x</script>',
      graphqlEndpoint: '"<b>"',
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('action="confirm?token=%22%3E%3Cscript%3Ex%3C%2Fscript%3E"');
    const done = renderAccountConfirmationPage('CONFIRMED', 'EN', { token: '', graphqlEndpoint: 'https://x.org/<b>' });
    expect(done).toContain('https://x.org/&lt;b&gt;');
  });
});
