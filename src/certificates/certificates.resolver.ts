import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/current-user.decorator';
import { maySeeRevocationReason } from '../auth/policies';
import { Role } from '../auth/role.enum';
import { Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { loadUser } from '../auth/user.loaders';
import { UsersService } from '../auth/users.service';
import type { GqlContext } from '../graphql/context';
import { SingleLinePipe } from '../graphql/single-line';
import { TrainingSession } from '../sessions/models/training-session.model';
import { loadSession } from '../sessions/session.loaders';
import { SessionsService } from '../sessions/sessions.service';
import type { CertificateEntity } from './certificate.entity';
import { Certificate, CertificateVerification } from './certificate.models';
import { CertificatesService } from './certificates.service';

@Resolver(() => Certificate)
export class CertificatesResolver {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
  ) {}

  @Roles(Role.DELEGATE)
  @Query(() => [Certificate], { description: 'Your certificates, newest first (revoked ones too, marked so)' })
  myCertificates(@CurrentUser() viewer: User) {
    return this.certificates.mine(viewer.id);
  }

  @Roles(Role.SECRETARIAT, Role.TRAINER)
  @Query(() => [Certificate], { description: "A session's certificates: SECRETARIAT and the session's trainers" })
  sessionCertificates(@Args('sessionId', { type: () => ID }) sessionId: string, @CurrentUser() viewer: User) {
    return this.certificates.ofSession(sessionId, viewer);
  }

  @Query(() => CertificateVerification, {
    description: 'Public: a wrong, malformed or revoked code verifies as not valid',
  })
  async verifyCertificate(@Args('code') code: string): Promise<CertificateVerification> {
    const view = await this.certificates.verify(code);
    const known = view.state !== 'UNKNOWN';
    return {
      valid: view.state === 'VALID',
      revoked: view.state === 'REVOKED',
      holderName: known ? view.holderName! : null,
      partyName: known ? view.partyName! : null,
      moduleTitles: known ? view.moduleTitles! : null,
      sessionTitle: known ? view.sessionTitle! : null,
      issuedAt: known ? new Date(view.issuedAt!) : null,
      revokedAt: view.revokedAt ? new Date(view.revokedAt) : null,
    };
  }

  @Roles(Role.SECRETARIAT)
  @Mutation(() => Certificate, { description: 'SECRETARIAT: the certificate verifies as revoked from now on' })
  revokeCertificate(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', SingleLinePipe) reason: string,
    @CurrentUser() actor: User,
  ) {
    return this.certificates.revoke(id, reason, actor);
  }

  @ResolveField(() => User)
  delegate(@Parent() c: CertificateEntity, @Context() ctx: GqlContext) {
    return loadUser(ctx, this.users, c.delegateId);
  }

  @ResolveField(() => TrainingSession)
  session(@Parent() c: CertificateEntity, @Context() ctx: GqlContext) {
    return loadSession(ctx, this.sessions, c.sessionId);
  }

  @ResolveField(() => String, { description: 'PUBLIC_URL/certificates/{code}.pdf' })
  pdfUrl(@Parent() c: CertificateEntity) {
    return this.certificates.pdfUrl(c.code);
  }

  @ResolveField(() => String, { description: 'PUBLIC_URL/verify/{code}' })
  verifyUrl(@Parent() c: CertificateEntity) {
    return this.certificates.verifyUrl(c.code);
  }

  @ResolveField(() => String, { nullable: true, description: 'Why it was revoked: for the holder and the Secretariat' })
  revocationReason(@Parent() c: CertificateEntity, @CurrentUser() viewer: User | null) {
    return maySeeRevocationReason(viewer, c) ? c.revocationReason : null;
  }
}
