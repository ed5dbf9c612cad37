import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

@ApiExcludeController()
@Controller()
export class HomeController {
  @Get()
  @Render('home/index')
  index() {
    return { title: 'Answers from people who have been there' };
  }
}
