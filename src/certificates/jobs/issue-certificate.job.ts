import { Injectable } from '@nestjs/common';
import { JobName, type IssueCertificateJobData, type JobHandler } from '@lib/queue';
import { CertificatesService } from '../certificates.service';

/** A completed enrolment's certificate: the row once, then its e-mail with the PDF. */
@Injectable()
export class IssueCertificateJob implements JobHandler<JobName.IssueCertificateJob> {
  readonly jobName = JobName.IssueCertificateJob;

  constructor(private readonly certificates: CertificatesService) {}

  handle(data: IssueCertificateJobData) {
    return this.certificates.issue(data.enrolmentId);
  }
}
